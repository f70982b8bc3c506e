import { tasks } from "@crosswalk/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

const allPermissions = ["org:tasks:read", "org:tasks:create", "org:tasks:delete"];

export function tasksSuite(harness: Harness) {
  describe("organization tasks", () => {
    const organization = (id: string, permissions: string[], role = "org:member") => ({
      id,
      slug: id.slice(4),
      role,
      permissions,
    });

    it("answers no_active_organization without an active organization", async () => {
      const token = await harness.token({ userId: harness.emulator.state.createUser().id });
      const response = await harness.request("/api/org/tasks", { token });
      expect(response.status).toBe(403);
      expect(response.json).toEqual({ error: "no_active_organization" });
    });

    it("creates, lists and deletes tasks with the permissions in the token", async () => {
      const userId = harness.emulator.state.createUser().id;
      const admin = await harness.token({
        userId,
        organization: organization("org_2conformanceTasksA00000000", allPermissions, "org:admin"),
      });
      const created = await harness.request("/api/org/tasks", {
        method: "POST",
        token: admin,
        body: '{"title":"Write the runbook"}',
      });
      expect(created.status).toBe(201);
      const task = (
        created.json as {
          task: { id: string; title: string; createdBy: string; createdAt: string };
        }
      ).task;
      expect(task).toMatchObject({ title: "Write the runbook", createdBy: userId });
      expect(new Date(task.createdAt).toISOString()).toBe(task.createdAt);

      const listed = await harness.request("/api/org/tasks", { token: admin });
      expect(listed.status).toBe(200);
      expect(listed.json).toEqual({ tasks: [task] });

      const deleted = await harness.request(`/api/org/tasks/${task.id}`, {
        method: "DELETE",
        token: admin,
      });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe("");
      expect((await harness.request("/api/org/tasks", { token: admin })).json).toEqual({
        tasks: [],
      });
      await harness.database.check(async (db) => {
        expect(await db.select().from(tasks).where(eq(tasks.id, task.id))).toEqual([]);
      });
    });

    it("names the missing permission", async () => {
      const userId = harness.emulator.state.createUser().id;
      const reader = await harness.token({
        userId,
        organization: organization("org_2conformanceTasksB00000000", ["org:tasks:read"]),
      });
      const create = await harness.request("/api/org/tasks", {
        method: "POST",
        token: reader,
        body: '{"title":"x"}',
      });
      expect(create.status).toBe(403);
      expect(create.json).toEqual({ error: "forbidden", missing: "org:tasks:create" });
      const remove = await harness.request("/api/org/tasks/00000000-0000-4000-8000-000000000000", {
        method: "DELETE",
        token: reader,
      });
      expect(remove.json).toEqual({ error: "forbidden", missing: "org:tasks:delete" });
      const none = await harness.token({
        userId,
        organization: organization("org_2conformanceTasksB00000000", []),
      });
      expect((await harness.request("/api/org/tasks", { token: none })).json).toEqual({
        error: "forbidden",
        missing: "org:tasks:read",
      });
    });

    it("never touches another organization's task", async () => {
      const userId = harness.emulator.state.createUser().id;
      const owner = await harness.token({
        userId,
        organization: organization("org_2conformanceTasksC00000000", allPermissions),
      });
      const stranger = await harness.token({
        userId,
        organization: organization("org_2conformanceTasksD00000000", allPermissions),
      });
      const created = await harness.request("/api/org/tasks", {
        method: "POST",
        token: owner,
        body: '{"title":"Mine"}',
      });
      const taskId = (created.json as { task: { id: string } }).task.id;
      const response = await harness.request(`/api/org/tasks/${taskId}`, {
        method: "DELETE",
        token: stranger,
      });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ error: "not_found" });
      expect((await harness.request("/api/org/tasks", { token: stranger })).json).toEqual({
        tasks: [],
      });
      expect((await harness.request("/api/org/tasks", { token: owner })).json).toMatchObject({
        tasks: [{ id: taskId }],
      });
      expect(
        (await harness.request("/api/org/tasks/not-a-task", { method: "DELETE", token: owner }))
          .status,
      ).toBe(404);
    });

    it.each([
      ["an empty title", '{"title":"   "}', "invalid_request"],
      [
        "a title over 200 characters",
        JSON.stringify({ title: "t".repeat(201) }),
        "invalid_request",
      ],
      ["a missing title", "{}", "invalid_request"],
      ["a NUL character in the title", JSON.stringify({ title: "a\u0000b" }), "invalid_request"],
      ["a body that is not JSON", "title=x", "invalid_json"],
    ])("refuses %s", async (_label, body, error) => {
      const userId = harness.emulator.state.createUser().id;
      const token = await harness.token({
        userId,
        organization: organization("org_2conformanceTasksE00000000", allPermissions),
      });
      const response = await harness.request("/api/org/tasks", { method: "POST", token, body });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error });
      expect((await harness.request("/api/org/tasks", { token })).json).toEqual({ tasks: [] });
    });
  });
}
