/** What the settings form shows for a model provider: sent with the settings, typed for the builder UI (no imports). */
export interface ProviderForm {
  /** The name settings and AI_PROVIDER use. */
  id: string;
  label: string;
  /** The model field's placeholder. */
  modelPlaceholder: string;
  /** The form asks for a base URL. */
  baseURL: boolean;
}
