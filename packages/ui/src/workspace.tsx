"use client";

import { type FormEvent, useState } from "react";
import { useHydrated } from "./after-hydration.tsx";
import {
  authorLabel,
  memberLabel,
  taskDay,
  type WorkspaceTask,
  type WorkspaceView,
} from "./labels.ts";

async function fetchTasks(): Promise<WorkspaceTask[]> {
  const response = await fetch("/api/org/tasks");
  if (!response.ok) throw new Error(`tasks answered ${response.status}`);
  return ((await response.json()) as { tasks: WorkspaceTask[] }).tasks;
}

/**
 * The organization's members and tasks. The add form and the delete buttons mirror the token's permissions;
 * the API checks them again. Each change is sent to the API, then the list is read back from it.
 */
export function Workspace({ workspace }: { workspace: WorkspaceView }) {
  const [tasks, setTasks] = useState(workspace.tasks);
  const [state, setState] = useState<"idle" | "saving" | "failed">("idle");
  const hydrated = useHydrated();

  async function change(request: () => Promise<Response>) {
    setState("saving");
    try {
      const response = await request();
      if (!response.ok) throw new Error(`the change answered ${response.status}`);
      setTasks(await fetchTasks());
      setState("idle");
    } catch {
      setState("failed");
    }
  }

  function addTask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const title = String(new FormData(form).get("title") ?? "");
    void change(async () => {
      const response = await fetch("/api/org/tasks", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title }),
      });
      if (response.ok) form.reset();
      return response;
    });
  }

  const busy = !hydrated || state === "saving";
  const { members, nextCursor } = workspace.members;
  return (
    <section className="crosswalk-workspace">
      <h2>Members</h2>
      <ul data-testid="members" className="crosswalk-list">
        {members.map((member) => (
          <li key={member.userId} data-testid="member" data-user-id={member.userId}>
            {member.imageUrl ? (
              <img
                className="crosswalk-avatar"
                src={member.imageUrl}
                alt=""
                width={24}
                height={24}
              />
            ) : null}
            <span data-testid="member-name">{memberLabel(member)}</span>
            <span className="crosswalk-muted">{member.role ?? "no role"}</span>
          </li>
        ))}
      </ul>
      {nextCursor ? <p className="crosswalk-muted">The first {members.length} members.</p> : null}
      <h2>Tasks</h2>
      {tasks === null ? (
        <p className="crosswalk-muted">Your role cannot read this organization's tasks.</p>
      ) : (
        <ul data-testid="tasks" className="crosswalk-list">
          {tasks.map((task) => (
            <li key={task.id} data-testid="task">
              <span data-testid="task-title">{task.title}</span>
              <span className="crosswalk-muted">
                by <span data-testid="task-author">{authorLabel(task.author)}</span> on{" "}
                <time dateTime={task.createdAt}>{taskDay(task.createdAt)}</time>
              </span>
              {workspace.canDeleteTask ? (
                <button
                  type="button"
                  className="crosswalk-button"
                  data-testid="delete-task"
                  disabled={busy}
                  onClick={() =>
                    void change(() => fetch(`/api/org/tasks/${task.id}`, { method: "DELETE" }))
                  }
                >
                  Delete
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {workspace.canCreateTask ? (
        <form data-testid="new-task" className="crosswalk-form" onSubmit={addTask}>
          <input name="title" aria-label="Task title" required maxLength={200} />
          <button type="submit" className="crosswalk-button" disabled={busy}>
            Add task
          </button>
        </form>
      ) : null}
      {state === "failed" ? <p role="alert">Could not save; try again.</p> : null}
    </section>
  );
}
