/** The virtual ESP's NVS reader (lib/vesp/nvs.py) on an image file, for the provisioning tests. */
import { vesp } from '../../flash/testing/vesp';

export interface NvsDump {
  namespaces: Record<string, Record<string, { type: string; value: string | number }>>;
  problems: string[];
}

/** Decodes an NVS image file, or a running board's `nvs` partition (its state dir). */
export async function dumpNvs(fileOrBoardDir: string): Promise<NvsDump> {
  return JSON.parse(await vesp('nvs-dump', fileOrBoardDir)) as NvsDump;
}
