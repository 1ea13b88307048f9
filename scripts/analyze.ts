/**
 * Access scores, siting and nearest service from CSV files. Formats: src/lib/analysis/README.md.
 *
 *   npm run analyze -- access --method 2sfca|e2sfca --demand demand.csv --supply supply.csv --radius-km 30 --out scores.csv
 *   npm run analyze -- site --demand demand.csv --candidates candidates.csv [--existing existing.csv] --radius-km 25 --k 10 --out sites.csv
 *   npm run analyze -- nearest --demand demand.csv --supply supply.csv --out nearest.csv
 */
import { runAnalyze } from '../src/lib/server/analyze/cli';

process.exitCode = runAnalyze(process.argv.slice(2));
