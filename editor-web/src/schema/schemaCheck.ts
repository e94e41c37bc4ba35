import Ajv from 'ajv';
import { flowSchema } from './schemaInfo';

type Check = ((doc: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
let compiled: Check | undefined;

/**
 * Checks a document against schema/flow.schema.json with ajv (draft-07), the same schema the
 * compiler generates. Returns the first problem, or undefined when it conforms (or there is no schema).
 */
export function schemaProblem(doc: unknown): string | undefined {
  if (!flowSchema) return undefined;
  compiled ??= new Ajv({ allErrors: false, strict: false }).compile(flowSchema) as Check;
  if (compiled(doc)) return undefined;
  const e = compiled.errors?.[0];
  return e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'does not match the schema';
}
