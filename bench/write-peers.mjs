// Child process: compiles a plan with bootplan (dist/) and writes its dependency graph for the
// peer tools: OUT/systemd/ (unit files) and OUT/dinit/ (a services directory).
// Usage: node bench/write-peers.mjs DIST_DIR PLAN.yaml OUT_DIR  → JSON on stdout
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serviceGraph } from './service-graph.mjs';
import { writeDinitServices } from './to-dinit.mjs';
import { writeSystemdUnits } from './to-systemd.mjs';

const [dist, file, out] = process.argv.slice(2);
const compiler = await import(pathToFileURL(join(dist, 'compiler/index.js')).href);
const { compiled } = compiler.compile(compiler.loadPlan(file));
if (!compiled) throw new Error(`${file} did not compile`);
const graph = serviceGraph(compiled);
const systemdTarget = writeSystemdUnits(graph, join(out, 'systemd'));
const dinitDir = writeDinitServices(graph, join(out, 'dinit'));
process.stdout.write(JSON.stringify({ nodes: graph.nodes.length, edges: graph.edges, sinks: graph.sinks.length, systemdTarget, dinitDir }) + '\n');
