import { and, asc, eq } from "drizzle-orm";
import type { Database } from "./client.ts";
import { displayName, type NamedUser, userSyncState } from "./members.ts";
import { organizations, tasks, users } from "./schema.ts";

export interface TaskView {
  id: string;
  title: string;
  createdBy: string;
  createdAt: Date;
}

const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  createdBy: tasks.createdBy,
  createdAt: tasks.createdAt,
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organization's tasks, oldest first, each with its author as the synced copy knows them. */
export async function listTasks(
  db: Database,
  organizationId: string,
): Promise<(TaskView & { author: NamedUser })[]> {
  const rows = await db
    .select({
      ...taskColumns,
      authorName: displayName,
      authorImageUrl: users.imageUrl,
      authorState: userSyncState,
    })
    .from(tasks)
    .leftJoin(users, eq(users.clerkId, tasks.createdBy))
    .where(eq(tasks.organizationId, organizationId))
    .orderBy(asc(tasks.createdAt), asc(tasks.id));
  return rows.map(({ authorName, authorImageUrl, authorState, ...task }) => ({
    ...task,
    author: {
      userId: task.createdBy,
      name: authorName,
      imageUrl: authorImageUrl,
      state: authorState,
    },
  }));
}

/**
 * Creates a task in the organization, creating its placeholder row when the organization's own webhook
 * has not arrived yet. Returns null when the organization is deleted.
 */
export function createTask(
  db: Database,
  task: { organizationId: string; title: string; createdBy: string },
): Promise<TaskView | null> {
  return db.transaction(async (tx) => {
    await tx.insert(organizations).values({ clerkId: task.organizationId }).onConflictDoNothing();
    const [organization] = await tx
      .select({ deletedAt: organizations.deletedAt })
      .from(organizations)
      .where(eq(organizations.clerkId, task.organizationId))
      .for("share");
    if (!organization || organization.deletedAt) return null;
    const [created] = await tx.insert(tasks).values(task).returning(taskColumns);
    return created ?? null;
  });
}

/** Deletes a task only when it belongs to the organization; false for another organization's task or none. */
export async function deleteTask(
  db: Database,
  scope: { organizationId: string; taskId: string },
): Promise<boolean> {
  if (!uuidPattern.test(scope.taskId)) return false;
  const deleted = await db
    .delete(tasks)
    .where(and(eq(tasks.id, scope.taskId), eq(tasks.organizationId, scope.organizationId)))
    .returning({ id: tasks.id });
  return deleted.length > 0;
}
