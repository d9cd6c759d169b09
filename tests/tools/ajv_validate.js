// Compile a JSON Schema with Ajv in strict mode (draft 2020-12) and validate JSONL records.
// Usage: node ajv_validate.js SCHEMA.json RECORDS.jsonl   (NODE_PATH must hold ajv, ajv-formats)
// Prints "compiled", then one line per invalid record; exit 0 when all are valid.
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const fs = require("fs");

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
} catch (e) {
  console.log("compile error: " + e.message);
  process.exit(3);
}
console.log("compiled");
let bad = 0, n = 0;
for (const line of fs.readFileSync(process.argv[3], "utf8").split("\n")) {
  if (!line.trim()) continue;
  n += 1;
  const record = JSON.parse(line);
  if (!validate(record)) {
    bad += 1;
    console.log(record.source.path + ": " + ajv.errorsText(validate.errors));
  }
}
console.log(n + " records, " + bad + " invalid");
process.exit(bad ? 1 : 0);
