/**
 * What dist/cli.js gets in place of the MCP SDK's ajv provider (esbuild.mjs): `tech-policy mcp`
 * sends no elicitation requests, so no answer is ever validated against a schema. Should the SDK
 * ask anyway, every answer is refused with a sentence, never accepted unchecked.
 */
export class AjvJsonSchemaValidator {
  getValidator<T>(): (input: unknown) => { valid: false; data: undefined; errorMessage: string } | { valid: true; data: T; errorMessage: undefined } {
    return () => ({ valid: false, data: undefined, errorMessage: 'tech-policy mcp asks its client no questions, so it validates no answers.' });
  }
}
