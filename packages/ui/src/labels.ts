// The workspace's types and wording without React, so the Nuxt app's Vue markup reads the same.

export interface WorkspaceMember {
  userId: string;
  role: string | null;
  name: string | null;
  imageUrl: string | null;
  source: "database" | "backend-api" | "pending";
}

export interface WorkspaceTask {
  id: string;
  title: string;
  createdBy: string;
  createdAt: string;
  author: { userId: string; name: string | null; imageUrl: string | null } | null;
}

/** The active organization as the dashboard shows it: from the synced copy, with what the token allows. */
export interface WorkspaceView {
  members: { members: WorkspaceMember[]; nextCursor: string | null };
  /** Null when the token lacks org:tasks:read. */
  tasks: WorkspaceTask[] | null;
  canCreateTask: boolean;
  canDeleteTask: boolean;
}

/** The name Clerk would show, or what stands in for it while the copy and Clerk have none. */
export const memberLabel = (member: { name: string | null; source?: string }) =>
  member.name ?? (member.source === "pending" ? "Not synced yet" : "Unnamed member");

export const authorLabel = (author: WorkspaceTask["author"]) =>
  author ? (author.name ?? "Unnamed member") : "Deleted user";

/** The day in UTC, so the server's markup and the browser's agree whatever their time zones. */
export const taskDay = (createdAt: string) => createdAt.slice(0, 10);
