import type { NewUser } from "@crosswalk/clerk-emulator";
import type { MembershipState, OrganizationState, UserState } from "@crosswalk/webhooks/testing";
import { events, signEvent } from "@crosswalk/webhooks/testing";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

interface Member {
  userId: string;
  role: string | null;
  name: string | null;
  imageUrl: string | null;
  source: "database" | "backend-api" | "pending";
}

interface MemberList {
  members: Member[];
  nextCursor: string | null;
}

interface Task {
  id: string;
  createdBy: string;
  author: { userId: string; name: string | null; imageUrl: string | null } | null;
}

const taskPermissions = ["org:tasks:read", "org:tasks:create", "org:tasks:delete"];

export function membersSuite(harness: Harness) {
  /** Delivers one event as Clerk would, outside the emulator's own sender (which may be holding events). */
  const deliver = async (event: unknown) => {
    const delivery = signEvent(harness.emulator.webhookSecret, event);
    const response = await harness.request("/api/webhooks/clerk", {
      method: "POST",
      headers: { ...delivery.headers, "content-type": "application/json" },
      body: delivery.body,
    });
    expect(response.status).toBe(200);
  };

  const memberOf = (organization: OrganizationState, userId: string, permissions: string[] = []) =>
    harness.token({
      userId,
      organization: {
        id: organization.id,
        slug: organization.slug ?? organization.id,
        role: "org:member",
        permissions,
      },
    });

  const listMembers = async (token: string, query = "") => {
    const response = await harness.request(`/api/org/members${query}`, { token });
    expect(response.status).toBe(200);
    return { ...(response.json as MemberList), text: response.text };
  };

  const userListCalls = () =>
    harness.emulator.backend.requests.filter(
      (request) => request.method === "GET" && request.path === "/v1/users",
    ).length;

  /**
   * Clerk knows the users and their memberships, but only the organization and the memberships have been
   * delivered: the users' own events are still on their way (held until `arrive`).
   */
  const membershipsBeforeUsers = async (people: NewUser[]) => {
    harness.emulator.webhooks.hold();
    const organization = harness.emulator.state.createOrganization({
      name: `Early ${crypto.randomUUID()}`,
    });
    const users = people.map((person) => harness.emulator.state.createUser(person));
    const memberships = users.map((user) =>
      harness.emulator.state.addMembership(organization.id, user.id),
    );
    await deliver(events.organizationCreated(organization));
    for (const membership of memberships) await deliver(events.membershipCreated(membership));
    return {
      organization,
      users,
      memberships,
      async arrive() {
        harness.emulator.webhooks.release();
        await harness.emulator.webhooks.idle();
      },
    };
  };

  /** An organization whose users and memberships have all been delivered. */
  const syncedOrganization = async (people: NewUser[]) => {
    const organization = harness.emulator.state.createOrganization({
      name: `Synced ${crypto.randomUUID()}`,
    });
    const users = people.map((person) => harness.emulator.state.createUser(person));
    for (const user of users) harness.emulator.state.addMembership(organization.id, user.id);
    await harness.emulator.webhooks.idle();
    return { organization, users };
  };

  describe("GET /api/org/members", () => {
    it("answers unauthenticated when signed out and no_active_organization without one", async () => {
      const signedOut = await harness.request("/api/org/members");
      expect(signedOut.status).toBe(401);
      expect(signedOut.json).toEqual({ error: "unauthenticated" });
      const token = await harness.token({ userId: harness.emulator.state.createUser().id });
      const response = await harness.request("/api/org/members", { token });
      expect(response.status).toBe(403);
      expect(response.json).toEqual({ error: "no_active_organization" });
    });

    it.each([
      ["a limit of 0", "?limit=0"],
      ["a limit over 100", "?limit=101"],
      ["a limit that is not a whole number", "?limit=1.5"],
      ["a limit that is not a number", "?limit=ten"],
      ["two limits", "?limit=5&limit=6"],
      ["a cursor that is not one of ours", "?cursor=not-a-cursor"],
      ["a cursor over 2 KiB", `?cursor=${"A".repeat(4_096)}`],
      [
        "a cursor carrying a NUL",
        `?cursor=${Buffer.from('["\\u0000","x"]').toString("base64url")}`,
      ],
      ["two cursors", "?cursor=a&cursor=b"],
    ])("refuses %s with invalid_request", async (_label, query) => {
      const user = harness.emulator.state.createUser();
      const token = await memberOf(
        harness.emulator.state.createOrganization({ name: "Refusing" }),
        user.id,
      );
      const response = await harness.request(`/api/org/members${query}`, { token });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: "invalid_request" });
      expect((response.json as { issues: string[] }).issues.length).toBeGreaterThan(0);
    });

    it("lists the organization's members from the synced copy, by name then id, never by email", async () => {
      const { organization, users } = await syncedOrganization([
        { firstName: "zoë", lastName: "Zimmer", email: "zoe@example.com" },
        { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
        { username: "bob_builder", email: "bob@example.com" },
        { email: "nameless@example.com" },
      ]);
      const other = await syncedOrganization([{ firstName: "Other", lastName: "Org" }]);
      const [zoe, ada, bob, nameless] = users as [UserState, UserState, UserState, UserState];
      const calls = userListCalls();
      const list = await listMembers(await memberOf(organization, ada.id));
      expect(list.members).toEqual([
        {
          userId: ada.id,
          role: "org:member",
          name: "Ada Lovelace",
          imageUrl: ada.imageUrl,
          source: "database",
        },
        {
          userId: bob.id,
          role: "org:member",
          name: "bob_builder",
          imageUrl: bob.imageUrl,
          source: "database",
        },
        {
          userId: zoe.id,
          role: "org:member",
          name: "zoë Zimmer",
          imageUrl: zoe.imageUrl,
          source: "database",
        },
        {
          userId: nameless.id,
          role: "org:member",
          name: null,
          imageUrl: nameless.imageUrl,
          source: "database",
        },
      ]);
      expect(list.nextCursor).toBeNull();
      expect(list.text).not.toContain("@example.com");
      expect(list.text).not.toContain(other.users[0]?.id);
      expect(userListCalls()).toBe(calls);
    });

    it("fills a page of 50 members whose users have not arrived with one Backend API call", async () => {
      const early = await membershipsBeforeUsers(
        Array.from({ length: 50 }, (_, i) => ({
          firstName: "Early",
          lastName: `Member ${100 + i}`,
        })),
      );
      try {
        const token = await memberOf(early.organization, early.users[0]?.id ?? "");
        const calls = userListCalls();
        const filled = await listMembers(token);
        expect(userListCalls() - calls).toBe(1);
        expect(filled.members).toHaveLength(50);
        expect(filled.members.every((member) => member.source === "backend-api")).toBe(true);
        expect(filled.members.map((member) => member.name)).toEqual(
          early.users.map((user) => `Early ${user.lastName}`),
        );
        const again = await listMembers(token);
        expect(userListCalls() - calls).toBe(1);
        expect(again.members).toEqual(
          filled.members.map((member) => ({ ...member, source: "database" })),
        );
      } finally {
        await early.arrive();
      }
    });

    it("never lets an older user.updated overwrite a fill, and lets a later user.deleted win", async () => {
      const early = await membershipsBeforeUsers([{ firstName: "Before" }]);
      const [user] = early.users as [UserState];
      const older = events.userUpdated(user);
      const renamed = harness.emulator.state.updateUser(user.id, { firstName: "After" });
      try {
        const token = await memberOf(early.organization, user.id);
        expect((await listMembers(token)).members).toMatchObject([
          { userId: user.id, name: "After", source: "backend-api" },
        ]);
        await deliver(older);
        expect((await listMembers(token)).members).toMatchObject([
          { userId: user.id, name: "After", source: "database" },
        ]);
        await deliver(events.userDeleted(user.id, renamed.updatedAt + 1));
        const afterDeletion = await listMembers(token);
        expect(afterDeletion.members).toEqual([]);
        expect(afterDeletion.text).not.toContain("After");
      } finally {
        await early.arrive();
      }
    });

    it.each([
      ["fails", { status: 503 }],
      ["rate-limits", { status: 429, retryAfterSeconds: 1 }],
    ])(
      "answers 200 with pending members while the Backend API %s, logging it once without personal data",
      async (_label, faults) => {
        const early = await membershipsBeforeUsers([
          { firstName: "Pending", lastName: "Person", email: "pending@example.com" },
        ]);
        const [user] = early.users as [UserState];
        try {
          const token = await memberOf(early.organization, user.id);
          const before = harness.app.output().length;
          harness.emulator.backend.faults = faults;
          let pending: Awaited<ReturnType<typeof listMembers>>;
          try {
            pending = await listMembers(token);
          } finally {
            harness.emulator.backend.faults = {};
          }
          expect(pending.members).toEqual([
            { userId: user.id, role: "org:member", name: null, imageUrl: null, source: "pending" },
          ]);
          const logged = (await harness.app.waitForOutput("getUserList failed")).slice(before);
          expect(logged.match(/getUserList failed/g)).toHaveLength(1);
          for (const secret of [user.id, "Pending", "pending@example.com"])
            expect(logged).not.toContain(secret);
          expect((await listMembers(token)).members).toMatchObject([
            { userId: user.id, name: "Pending Person", source: "backend-api" },
          ]);
        } finally {
          await early.arrive();
        }
      },
    );

    it("pages through every member exactly once while members are added and filled", async () => {
      const synced = await syncedOrganization(
        ["Carol", "Dave", "Erin", "Frank", "Grace", "Heidi"].map((firstName) => ({ firstName })),
      );
      const { organization } = synced;
      harness.emulator.webhooks.hold();
      // Members whose users arrive only through the fill, which moves them up the list as they get a name.
      const unsynced = ["Ivan", "Judy"].map((firstName) =>
        harness.emulator.state.createUser({ firstName }),
      );
      const added: UserState[] = [];
      const join = async (user: UserState) => {
        const membership: MembershipState = harness.emulator.state.addMembership(
          organization.id,
          user.id,
        );
        await deliver(events.membershipCreated(membership));
      };
      try {
        for (const user of unsynced) await join(user);
        const token = await memberOf(organization, synced.users[0]?.id ?? "");
        const seen: Member[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await listMembers(token, `?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
          seen.push(...page.members);
          cursor = page.nextCursor;
          pages += 1;
          if (pages === 1) {
            // One that sorts before the cursor (not owed to this walk) and one after it (owed).
            for (const firstName of ["Alice", "Zed"]) {
              const user = harness.emulator.state.createUser({ firstName });
              added.push(user);
              await deliver(events.userCreated(user));
              await join(user);
            }
          }
        } while (cursor && pages < 10);
        const ids = seen.map((member) => member.userId);
        expect(new Set(ids).size).toBe(ids.length);
        const owed = [...synced.users, ...unsynced, added[1] as UserState].map((user) => user.id);
        expect(ids).toEqual(expect.arrayContaining(owed));
        expect(seen.filter((member) => member.source === "backend-api").map((m) => m.name)).toEqual(
          ["Ivan", "Judy"],
        );
      } finally {
        harness.emulator.webhooks.release();
        await harness.emulator.webhooks.idle();
      }
    });
  });

  describe("tasks carry their author", () => {
    const createTask = async (token: string, title: string) => {
      const response = await harness.request("/api/org/tasks", {
        method: "POST",
        token,
        body: JSON.stringify({ title }),
      });
      expect(response.status).toBe(201);
      return (response.json as { task: Task }).task;
    };
    const listTasks = async (token: string) => {
      const response = await harness.request("/api/org/tasks", { token });
      expect(response.status).toBe(200);
      return { tasks: (response.json as { tasks: Task[] }).tasks, text: response.text };
    };

    it("names the author from the synced copy, and answers null with no name once they are deleted", async () => {
      const { organization, users } = await syncedOrganization([
        { firstName: "Ada", lastName: "Lovelace", email: "ada.author@example.com" },
        { firstName: "Reader" },
      ]);
      const [author, reader] = users as [UserState, UserState];
      const token = await memberOf(organization, author.id, taskPermissions);
      const calls = userListCalls();
      const task = await createTask(token, "Write the notes");
      const named = { userId: author.id, name: "Ada Lovelace", imageUrl: author.imageUrl };
      expect(task).toMatchObject({ createdBy: author.id, author: named });
      const readerToken = await memberOf(organization, reader.id, ["org:tasks:read"]);
      expect((await listTasks(readerToken)).tasks).toMatchObject([{ id: task.id, author: named }]);
      expect(userListCalls()).toBe(calls);

      harness.emulator.state.deleteUser(author.id);
      await harness.emulator.webhooks.idle();
      const afterDeletion = await listTasks(readerToken);
      expect(afterDeletion.tasks).toMatchObject([
        { id: task.id, createdBy: author.id, author: null },
      ]);
      for (const personal of ["Ada", "Lovelace", "ada.author@example.com", author.imageUrl])
        expect(afterDeletion.text).not.toContain(personal);
    });

    it("fills every author the copy lacks with one Backend API call", async () => {
      const early = await membershipsBeforeUsers([{ firstName: "First" }, { firstName: "Second" }]);
      const [first, second] = early.users as [UserState, UserState];
      try {
        // Created while the Backend API is down: the tasks are saved, their authors not yet known.
        harness.emulator.backend.faults = { status: 503 };
        try {
          for (const user of [first, second]) {
            const token = await memberOf(early.organization, user.id, taskPermissions);
            const created = await createTask(token, `By ${user.firstName}`);
            expect(created.author).toEqual({ userId: user.id, name: null, imageUrl: null });
          }
        } finally {
          harness.emulator.backend.faults = {};
        }
        const calls = userListCalls();
        const token = await memberOf(early.organization, first.id, taskPermissions);
        const listed = await listTasks(token);
        expect(listed.tasks.map((task) => task.author?.name)).toEqual(["First", "Second"]);
        expect(userListCalls() - calls).toBe(1);
        await listTasks(token);
        expect(userListCalls() - calls).toBe(1);
      } finally {
        await early.arrive();
      }
    });
  });
}
