import { projectAgent, type ChatInput } from "../agent/project-agent";
import type { Env } from "../env";
import { addChatMessage } from "../store/chat-messages";
import type { ProjectRow } from "../store/projects";

/** A message to a project's chat (POST /api/chat, or a project created from a description): stored, then its run queued. */
export async function startChat(env: Env, project: ProjectRow, input: ChatInput): Promise<{ runId: string }> {
  await addChatMessage(env.DB, project.id, "user", input.message);
  const agent = await projectAgent(env, project.id);
  return agent.chat(project, input);
}
