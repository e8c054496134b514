import { benchAccessLinks } from "./access-links";
import { benchAudit } from "./audit";
import { benchBatch } from "./batch";
import { benchEngagements } from "./engagements";
import { benchLighthouse } from "./lighthouse";
import { benchPdf } from "./pdf";
import { benchPipeline } from "./pipeline";

/** `npm run bench [-- name…]`: runs the named benchmarks (default: all) and writes bench/results/. */
const benches: Record<string, () => Promise<void>> = {
  pipeline: () => benchPipeline(),
  audit: () => benchAudit(),
  pdf: () => benchPdf(),
  batch: () => benchBatch(),
  lighthouse: () => benchLighthouse(),
  "access-links": () => benchAccessLinks(),
  engagements: () => benchEngagements(),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(", ")}`);
  console.log(`\n== ${name}`);
  await bench();
}
