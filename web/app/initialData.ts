import type { QueryClient } from "@tanstack/react-query";
import type { InitialData, InitialDataElementId } from "../../contracts/auth";
import { meQueryKey } from "../features/auth/useMe";

const ELEMENT_ID: InitialDataElementId = "initial-data";

/**
 * The server sends the app's page with its signed-in user inside (the answer `/api/v1/me` would give), so the
 * first page asks for its own data at once instead of first for the user. Read once, into the query cache, where
 * it ages like any other answer; the element is removed. A page without it (`/verify`) simply fetches.
 */
export function adoptInitialData(queryClient: QueryClient): void {
  const element = document.getElementById(ELEMENT_ID);
  if (!element?.textContent) return;
  element.remove();
  const { me } = JSON.parse(element.textContent) as InitialData;
  queryClient.setQueryData(meQueryKey, me);
}
