import { createClerkClient, verifyToken } from "@clerk/backend";
import { parseSessionClaims } from "@crosswalk/claims";
import { startClerkEmulator } from "@crosswalk/clerk-emulator";
import { createAppDatabase } from "@crosswalk/conformance/harness";
import {
  createDatabase,
  type Database,
  listMembers,
  type MemberPosition,
  upsertMemberships,
  upsertOrganization,
  upsertUsers,
} from "@crosswalk/db";
import { type Measurement, measure } from "./measure.ts";

export const memberListSize = 10_000;
const pageSize = 50;
const seedBatch = 1_000;
const organizationId = "org_2benchmembers000000000000";

export interface MemberListFigures {
  database: string;
  first: Measurement;
  deep: Measurement;
}

export interface RequestCosts {
  token: Measurement;
  backendApi: Measurement;
}

/** An organization of {@link memberListSize} synced members, written through the sync's own upserts. */
async function seedOrganization(db: Database) {
  const at = new Date("2026-01-01T00:00:00Z");
  await upsertOrganization(db, {
    clerkId: organizationId,
    name: "Bench",
    slug: "bench",
    imageUrl: null,
    updatedAt: at,
  });
  for (let start = 0; start < memberListSize; start += seedBatch) {
    const ids = Array.from(
      { length: seedBatch },
      (_, i) => `user_2benchmember${String(start + i).padStart(12, "0")}`,
    );
    await db.transaction(async (tx) => {
      await upsertUsers(
        tx,
        ids.map((clerkId, i) => ({
          clerkId,
          email: `${clerkId}@example.com`,
          // Names in an order unlike the ids', so the list really sorts.
          firstName: `Member ${String(((start + i) * 7_919) % memberListSize).padStart(5, "0")}`,
          lastName: null,
          username: null,
          imageUrl: null,
          updatedAt: at,
        })),
      );
      await upsertMemberships(
        tx,
        ids.map((userId) => ({
          clerkId: `orgmem_${userId.slice(5)}`,
          organizationId,
          userId,
          role: "org:member",
          updatedAt: at,
        })),
      );
    });
  }
}

/** The position 90 % of the way down the list, which a deep page starts after. */
async function deepPosition(db: Database): Promise<MemberPosition> {
  let after: MemberPosition | undefined;
  for (let read = 0; read < memberListSize * 0.9; read += 100) {
    const page = await listMembers(db, organizationId, { limit: 100, after });
    after = page.at(-1)?.position;
  }
  if (!after) throw new Error("the seeded organization lists no members");
  return after;
}

async function withSeededDatabase<T>(
  serverUrl: string | undefined,
  run: (db: Database) => Promise<T>,
): Promise<T> {
  const database = await createAppDatabase(serverUrl);
  const handle = createDatabase({
    url: database.env.DATABASE_URL,
    dataDir: database.env.PGLITE_DATA_DIR,
  });
  try {
    await handle.migrate();
    await seedOrganization(handle.db);
    return await run(handle.db);
  } finally {
    await handle.close();
    await database.drop();
  }
}

const onePage = (db: Database, after?: MemberPosition) => async () => {
  const page = await listMembers(db, organizationId, { limit: pageSize + 1, after });
  if (page.length !== pageSize + 1) throw new Error(`a page held ${page.length} members`);
};

/** A page of 50 members (read as 51, to know whether a next page exists), first and 90 % deep, one at a time. */
export async function benchMemberList(
  serverUrl: string | undefined,
  requests: number,
): Promise<MemberListFigures> {
  return withSeededDatabase(serverUrl, async (db) => {
    const deep = await deepPosition(db);
    await measure(Math.ceil(requests / 10), 1, onePage(db));
    return {
      database: serverUrl ? "Postgres" : "PGlite",
      first: await measure(requests, 1, onePage(db)),
      deep: await measure(requests, 1, onePage(db, deep)),
    };
  });
}

/**
 * What one request pays to know about users without the copy, in one process: the claims of a verified session
 * token, and the same 50 users as a member page from the Backend API (here the emulator on loopback: real Clerk
 * adds a network round trip and counts the call against its rate limit). The member list's first page is the
 * copy's side of the comparison.
 */
export async function benchBesideTheCopy(requests: number): Promise<RequestCosts> {
  const emulator = await startClerkEmulator();
  try {
    const users = Array.from({ length: pageSize }, (_, i) =>
      emulator.state.createUser({ firstName: `Remote ${i}` }),
    );
    const { token } = await emulator.mint({
      userId: users[0]?.id ?? "",
      lifetimeSeconds: 3_600,
      claims: { metadata: { role: "admin", onboardingComplete: true } },
    });
    const clerk = createClerkClient({
      secretKey: emulator.env.CLERK_SECRET_KEY,
      apiUrl: emulator.apiUrl,
    });
    const userIds = users.map((user) => user.id);
    const fromToken = async () => {
      const payload = await verifyToken(token, { jwtKey: emulator.env.CLERK_JWT_KEY });
      if (parseSessionClaims(payload).issues.length > 0)
        throw new Error("the claims did not parse");
    };
    const fromBackendApi = async () => {
      const { data } = await clerk.users.getUserList({ userId: userIds, limit: pageSize });
      if (data.length !== pageSize) throw new Error(`the Backend API gave ${data.length} users`);
    };
    const warmUp = Math.ceil(requests / 10);
    await measure(warmUp, 1, fromToken);
    await measure(warmUp, 1, fromBackendApi);
    return {
      token: await measure(requests, 1, fromToken),
      backendApi: await measure(requests, 1, fromBackendApi),
    };
  } finally {
    await emulator.close();
  }
}
