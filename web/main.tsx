import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { adoptInitialData } from "./app/initialData";
import { createQueryClient } from "./app/queryClient";
import { createAppRouter } from "./app/router";
import "./styles.css";

const container = document.getElementById("root");
if (!container) throw new Error("index.html is missing the #root element");

/** Lets the browser paint and handle input between two pieces of start-up work, so neither is one long task. */
const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// Creating the router starts the first page's code and data on their way; rendering comes in a task of its own.
const queryClient = createQueryClient();
adoptInitialData(queryClient);
const router = createAppRouter(queryClient);
void yieldToBrowser().then(() =>
  createRoot(container).render(
    <StrictMode>
      <App queryClient={queryClient} router={router} />
    </StrictMode>,
  ),
);
