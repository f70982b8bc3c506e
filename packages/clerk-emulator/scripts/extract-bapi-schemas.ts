// Writes the response schemas of the Backend API operations the emulator serves, with every $ref
// resolved, from Clerk's published OpenAPI spec (MIT). Run again when the spec or the served set changes:
//   node scripts/extract-bapi-schemas.ts <path to bapi-2026-05-12.yml>
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

const served = [
  ["GetJWKS", "get", "/jwks", ["200"]],
  ["GetUserList", "get", "/users", ["200"]],
  ["GetUsersCount", "get", "/users/count", ["200"]],
  ["GetUser", "get", "/users/{user_id}", ["200", "404"]],
  ["UpdateUserMetadata", "patch", "/users/{user_id}/metadata", ["200", "404"]],
  ["UsersGetOrganizationMemberships", "get", "/users/{user_id}/organization_memberships", ["200"]],
  ["ListOrganizations", "get", "/organizations", ["200"]],
  ["GetOrganization", "get", "/organizations/{organization_id}", ["200", "404"]],
  ["ListOrganizationMemberships", "get", "/organizations/{organization_id}/memberships", ["200"]],
  ["InstanceGetOrganizationMemberships", "get", "/organization_memberships", ["200"]],
] as const;

const specPath = process.argv[2];
if (!specPath) throw new Error("usage: node scripts/extract-bapi-schemas.ts <bapi spec .yml>");
const spec = parse(readFileSync(specPath, "utf8"));

function lookup(ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce((node: Record<string, unknown>, key) => node[key] as Record<string, unknown>, spec);
}

function resolve(node: unknown, seen: string[] = []): unknown {
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
      .filter(([key]) => !key.startsWith("x-") && key !== "example" && key !== "description")
      .map(([key, value]) => [key, resolve(value, seen)]),
  );
  return nullable === true ? allowNull(schema) : schema;
}

// OpenAPI 3.0's `nullable: true` becomes plain JSON Schema, which any validator reads.
function allowNull(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.type === "string" && !schema.oneOf && !schema.anyOf && !schema.allOf) {
    const enumeration = Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {};
    return { ...schema, type: [schema.type, "null"], ...enumeration };
  }
  return { anyOf: [schema, { type: "null" }] };
}

const schemas: Record<string, unknown> = {};
for (const [operationId, method, path, statuses] of served) {
  const operation = spec.paths[path][method];
  if (operation.operationId !== operationId)
    throw new Error(`${method} ${path} is ${operation.operationId}`);
  for (const status of statuses) {
    const response = resolve(operation.responses[status]) as {
      content: { "application/json": { schema: unknown } };
    };
    schemas[`${operationId} ${status}`] = response.content["application/json"].schema;
  }
}
writeFileSync(
  new URL("../test/fixtures/bapi-schemas.json", import.meta.url),
  `${JSON.stringify({ source: "clerk-openapi bapi-2026-05-12.yml (MIT)", schemas })}\n`,
);
console.log(`wrote ${Object.keys(schemas).length} response schemas`);
