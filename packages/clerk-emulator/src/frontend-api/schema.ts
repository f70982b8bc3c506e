// Checks Frontend API responses against the schemas cut from Clerk's published specs
// (scripts/extract-fapi-schemas.ts), for the emulator's own tests and the conformance suite's browser walk.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import type { FrontendApiExchange } from "./frontend-api.ts";

const fixture = JSON.parse(readFileSync(new URL("./schemas.json", import.meta.url), "utf8")) as {
  definitions: Record<string, unknown>;
  responses: Record<string, object>;
};

/** Operations the spec publishes no response body for. */
const unpublished = new Set(["createDevBrowser"]);

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const compiled = new Map<string, ValidateFunction>();

function validator(key: string, schema: object): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, definitions: fixture.definitions });
    compiled.set(key, validate);
  }
  return validate;
}

/** What is wrong with one response by the published spec; empty when it conforms. */
export function frontendApiSchemaErrors(exchange: FrontendApiExchange): string[] {
  if (unpublished.has(exchange.operation)) return [];
  const key = exchange.status >= 400 ? "ClerkErrors" : `${exchange.operation} ${exchange.status}`;
  const schema =
    exchange.status >= 400 ? { $ref: "#/definitions/ClerkErrors" } : fixture.responses[key];
  if (!schema) return [`${key}: no published schema was cut for this operation`];
  const validate = validator(key, schema);
  if (validate(exchange.body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${key}: ${error.instancePath || "/"} ${error.message ?? "is invalid"}`,
  );
}
