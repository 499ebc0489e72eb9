import { createContext, useContext } from "react";

/** What a run card's own actions (undo) need of the workspace around it. */
export interface WorkspaceActions {
  projectId: string;
  /** A version made outside a generation (an undo): show it in the preview and the version list. */
  onNewVersion: (previewUrl: string | null) => void;
}

export const WorkspaceActionsContext = createContext<WorkspaceActions | null>(null);

export const useWorkspaceActions = () => useContext(WorkspaceActionsContext);
