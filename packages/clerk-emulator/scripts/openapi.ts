// Reads response schemas out of Clerk's published OpenAPI specs (MIT) with every $ref resolved, as plain
// JSON Schema that Ajv reads.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface OpenApiSpec {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, unknown> }>
  >;
}

export function readSpec(path: string): OpenApiSpec {
  return parse(readFileSync(path, "utf8"));
}

export function responseSchemas(
  spec: OpenApiSpec,
  served: readonly (readonly [string, string, string, readonly string[]])[],
): Record<string, unknown> {
  const lookup = (ref: string): unknown =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .reduce(
        (node: Record<string, unknown>, key) => node[key] as Record<string, unknown>,
        spec as unknown as Record<string, unknown>,
      );

  const resolve = (node: unknown, seen: string[] = []): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, seen));
    if (typeof node !== "object" || node === null) return node;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === "string") {
      // A recursive schema is cut at its second appearance; the emulator never nests that deep.
      if (seen.includes(record.$ref)) return {};
      return resolve(lookup(record.$ref), [...seen, record.$ref]);
    }
    const { nullable, ...schema } = Object.fromEntries(
      Object.entries(record)
        // A property may be called `description` too; only the documentation text (a string) goes.
        .filter(
          ([key, value]) =>
            !key.startsWith("x-") &&
            key !== "example" &&
            !(key === "description" && typeof value === "string"),
        )
        .map(([key, value]) => [key, resolve(value, seen)]),
    );
    return nullable === true ? allowNull(schema) : schema;
  };

  const schemas: Record<string, unknown> = {};
  for (const [operationId, method, path, statuses] of served) {
    const operation = spec.paths[path]?.[method];
    if (operation?.operationId !== operationId)
      throw new Error(`${method} ${path} is ${operation?.operationId}`);
    for (const status of statuses) {
      const response = resolve(operation.responses[status]) as {
        content?: { "application/json"?: { schema: unknown } };
      };
      const schema = response.content?.["application/json"]?.schema;
      if (schema === undefined) throw new Error(`${operationId} ${status} has no JSON schema`);
      schemas[`${operationId} ${status}`] = schema;
    }
  }
  return schemas;
}

/**
 * The same schemas with the spec's component schemas kept once, under `definitions`, and referred to by
 * `$ref`: a fraction of the size of {@link responseSchemas} for specs whose objects nest deeply.
 */
export function responseSchemasWithDefinitions(
  spec: OpenApiSpec,
  served: readonly (readonly [string, string, string, readonly string[]])[],
  alsoKeep: readonly string[] = [],
): { definitions: Record<string, unknown>; responses: Record<string, unknown> } {
  const components = (spec as unknown as { components: Record<string, Record<string, unknown>> })
    .components;
  const definitions: Record<string, unknown> = {};
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (typeof node !== "object" || node === null) return node;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === "string") {
      const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(record.$ref) ?? [];
      if (!kind || !name) throw new Error(`unexpected $ref ${record.$ref}`);
      if (kind !== "schemas") return convert(components[kind]?.[name]);
      if (!(name in definitions)) {
        definitions[name] = {};
        definitions[name] = convert(components.schemas?.[name]);
      }
      return { $ref: `#/definitions/${name}` };
    }
    const { nullable, ...schema } = Object.fromEntries(
      Object.entries(record)
        // A property may be called `description` too; only the documentation text (a string) goes.
        .filter(
          ([key, value]) =>
            !key.startsWith("x-") &&
            key !== "example" &&
            !(key === "description" && typeof value === "string"),
        )
        .map(([key, value]) => [key, convert(value)]),
    );
    return nullable === true ? allowNull(schema) : schema;
  };
  for (const name of alsoKeep) convert({ $ref: `#/components/schemas/${name}` });
  const responses: Record<string, unknown> = {};
  for (const [operationId, method, path, statuses] of served) {
    const operation = spec.paths[path]?.[method];
    if (operation?.operationId !== operationId)
      throw new Error(`${method} ${path} is ${operation?.operationId}`);
    for (const status of statuses) {
      const response = convert(operation.responses[status]) as {
        content?: { "application/json"?: { schema: unknown } };
      };
      const schema = response.content?.["application/json"]?.schema;
      if (schema === undefined) throw new Error(`${operationId} ${status} has no JSON schema`);
      responses[`${operationId} ${status}`] = schema;
    }
  }
  return { definitions, responses };
}

// OpenAPI 3.0's `nullable: true` becomes plain JSON Schema, which any validator reads.
function allowNull(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.type === "string" && !schema.oneOf && !schema.anyOf && !schema.allOf) {
    const enumeration = Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {};
    return { ...schema, type: [schema.type, "null"], ...enumeration };
  }
  return { anyOf: [schema, { type: "null" }] };
}
