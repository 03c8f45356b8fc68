import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles.css";
import { loadConfig } from "./config/appConfig.ts";

const root = createRoot(document.getElementById("root")!);

loadConfig().then(
  async () => {
    const { App } = await import("./app/App.tsx");
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <main>
        <div className="alert danger" role="alert">
          <div className="alert-body">
            <div className="alert-title">Crowdlabel is not configured</div>
            <p>{(error as Error).message}</p>
            <p className="small muted">Run `pnpm dev` at the repository root, or set the VITE_* variables described in web/README.md.</p>
          </div>
        </div>
      </main>,
    );
  },
);
