/** Git, when it is there: who is asking for an exception. A missing git is not an error. */
import { execFile } from 'child_process';

function gitConfig(cwd: string, key: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile('git', ['config', '--get', key], { cwd, timeout: 3000, windowsHide: true }, (error, stdout) => {
        resolve(error ? undefined : stdout.trim() || undefined);
      });
    } catch {
      resolve(undefined);
    }
  });
}

/** "Name <email>", "Name", or undefined when git or its configuration is missing. */
export async function gitIdentity(cwd: string): Promise<string | undefined> {
  const [name, email] = await Promise.all([gitConfig(cwd, 'user.name'), gitConfig(cwd, 'user.email')]);
  if (name && email) return `${name} <${email}>`;
  return name ?? (email ? `<${email}>` : undefined);
}
