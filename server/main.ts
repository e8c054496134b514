import { buildApp } from "./app";
import { exitOnStartupError, openMigratedDatabase, readConfig, StartupError, seedDemoIfWanted } from "./boot";
import { applyPdfkitSpeedUps } from "./pdf/pdfkit-speed";

const SHUTDOWN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = readConfig();
  const database = await openMigratedDatabase(config);

  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    const seeded = await seedDemoIfWanted(config, database);
    app = await buildApp({ config, database });
    if (seeded) app.log.info("demo data loaded into the empty database");
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new StartupError(
        `Port ${config.port} on ${config.host} is already in use; set PORT to another port.`,
      );
    }
    throw error;
  }

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const engine =
    config.database.kind === "pglite" ? `embedded PGlite in ${config.database.dataDir}` : "PostgreSQL";
  if (config.database.kind === "postgres" && config.database.ownerUrl === config.database.url) {
    app.log.warn(
      "DATABASE_OWNER_URL is not set, so requests use the schema owner's connections: fine for development, refused in production (see README, Deployment)",
    );
  }
  for (const skipped of applyPdfkitSpeedUps()) {
    app.log.warn(
      { speedUp: skipped.speedUp, missing: skipped.missing },
      "a pdfkit speed-up is not applied (pdfkit is not the version it was written for): PDFs are still correct, only slower",
    );
  }
  console.log(`Portcullis is ready at ${config.publicUrl} (${engine}, started in ${seconds} s)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.exit(1); // a second signal: the operator insists
    }
    stopping = true;
    app.log.info({ signal }, "shutting down: finishing in-flight requests");
    const force = setTimeout(() => {
      console.error("portcullis: shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      console.error("portcullis: error during shutdown", error);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch(exitOnStartupError);
