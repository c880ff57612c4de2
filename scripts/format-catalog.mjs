// Rewrites server/src/core/catalog/catalog.json in its reviewed layout: one category or
// technology per line, keys in one order, so a diff shows exactly what changed.
// `--check` only reports whether the file is already in that layout (exit 1 when not).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const file = fileURLToPath(new globalThis.URL("../server/src/core/catalog/catalog.json", import.meta.url));
const catalog = JSON.parse(readFileSync(file, "utf8"));
const inline = (value) => JSON.stringify(value).replace(/","/g, '", "').replace(/":/g, '": ').replace(/,"/g, ', "').replace(/^\{/, "{ ").replace(/\}$/, " }");
const ORDER = ["id", "name", "label", "plural", "category", "packages", "images", "gems", "pypi", "go", "maven", "crates", "composer", "nuget", "hex", "swift", "aliases"];
const ordered = (item) => Object.fromEntries(Object.entries(item).sort(([a], [b]) => rank(a) - rank(b)));
const rank = (key) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
const list = (items) => items.map((item) => "    " + inline(ordered(item))).join(",\n");
const lines = ["{"];
for (const [key, value] of Object.entries(catalog)) {
  if (Array.isArray(value) && value.length && typeof value[0] === "object") lines.push(`  ${JSON.stringify(key)}: [\n${list(value)}\n  ],`);
  else lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value).replace(/","/g, '", "')},`);
}
lines[lines.length - 1] = lines[lines.length - 1].replace(/,$/, "");
lines.push("}");
const text = lines.join("\n") + "\n";
if (process.argv.includes("--check")) {
  if (readFileSync(file, "utf8") !== text) {
    process.stderr.write("catalog.json is not in its reviewed layout: run npm run format:catalog\n");
    process.exit(1);
  }
} else writeFileSync(file, text);
