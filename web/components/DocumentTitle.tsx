import { useEffect } from "react";

/** Sets the browser tab's title (`<title> · Portcullis`) while it is rendered; renders nothing. */
export function DocumentTitle({ title }: { title: string }) {
  useEffect(() => {
    document.title = `${title} · Portcullis`;
  }, [title]);
  return null;
}
