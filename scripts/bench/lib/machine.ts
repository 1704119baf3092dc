// What a benchmark ran on: CPU, memory, OS, Node and PostgreSQL versions — written into every result file.
import os from 'node:os';
import { Client } from 'pg';

export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string | null;
  postgis: string | null;
}

/** Describes this machine; asks the database at databaseUrl for its versions when given. */
export async function machineInfo(databaseUrl?: string): Promise<MachineInfo> {
  const cpus = os.cpus();
  let postgres: string | null = null;
  let postgis: string | null = null;
  if (databaseUrl) {
    const client = new Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      const { rows } = await client.query<{ v: string; g: string | null }>(
        `SELECT current_setting('server_version') AS v,
                (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS g`,
      );
      postgres = rows[0].v;
      postgis = rows[0].g;
    } catch {
      /* a result without versions beats no result */
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    node: process.version,
    postgres,
    postgis,
  };
}
