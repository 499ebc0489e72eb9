import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { AuthProvider } from "./lib/auth";
import { ErrorBoundary } from "./lib/error-boundary";
import "./index.css";

// The router's base path comes from the document's <base>: "" at the root of a host,
// "/apps/<id>" when a host serves the app under a prefix.
const basename = new URL(document.baseURI).pathname.replace(/\/+$/, "") || "/";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ErrorBoundary>
      <BrowserRouter basename={basename}>
        <AuthProvider>
          <App />
        </AuthProvider>
      </BrowserRouter>
    </ErrorBoundary>
  </StrictMode>,
);
