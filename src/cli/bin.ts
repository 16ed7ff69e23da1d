#!/usr/bin/env node
/** The `ledgersim` executable. */
import { installSignalHandlers, main } from "./main.js";

installSignalHandlers();
process.exitCode = await main(process.argv.slice(2));
