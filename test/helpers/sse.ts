/** One Server-Sent Event as a browser's EventSource would see it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * A Server-Sent Events client over fetch (what EventSource does, minus reconnecting): the response's status, the
 * events as they arrive, and whether the server ended the stream.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const pump = (async () => {
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const fields = { id: undefined as string | undefined, event: "message", data: [] as string[] };
          let isEvent = false;
          for (const line of block.split("\n")) {
            if (line.startsWith(":") || line === "") continue;
            const [name, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (name === "id") fields.id = value;
            if (name === "event") fields.event = value;
            if (name === "data") {
              fields.data.push(value);
              isEvent = true;
            }
          }
          if (isEvent) events.push({ id: fields.id, event: fields.event, data: fields.data.join("\n") });
        }
        wake();
      }
    } catch {
      // Aborted by close(), or the connection dropped.
    }
    ended = true;
    wake();
  })();

  return {
    status: response.status,
    response,
    events,
    get ended() {
      return ended;
    },
    /** Waits until `predicate` holds for the events so far (or the stream ended), up to `timeoutMs`. */
    async until(predicate: (events: SseEvent[]) => boolean, timeoutMs = 5_000): Promise<SseEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (ended) throw new Error(`stream ended; events so far: ${events.map((e) => e.event).join(", ")}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out; events so far: ${events.map((e) => e.event).join(", ")}`);
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, left);
          waiters.add(done);
        });
      }
      return events;
    },
    /** Waits for the server to end the stream. */
    async waitForEnd(timeoutMs = 5_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (!ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return ended;
    },
    close() {
      controller.abort();
      return pump;
    },
  };
}
