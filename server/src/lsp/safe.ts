/** Every handler is wrapped: a failure is logged and answered with a fallback; the server lives on. */
import type { Connection } from 'vscode-languageserver';

export function safe<P extends unknown[], R>(
  connection: Connection,
  name: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (e) {
      const err = e as Error;
      connection.console.error(`${name} failed: ${err?.stack ?? String(e)}`);
      return fallback;
    }
  };
}

export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const wrapped = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
  wrapped.cancel = () => timer && clearTimeout(timer);
  return wrapped;
}
