/**
 * The flash and provision steps of one board. When the firmware is due and the identity is a
 * flash region (ESP: the NVS partition), both go in ONE loader session: the board is not booted
 * into the new firmware and pulled back into its loader in between (on the virtual ESP32 that
 * re-entry failed after a 1 MB app: its boot check held the emulator past the loader's SYNC
 * attempts), and a real board saves a stub upload and a reset. Nothing is half-written: the
 * registry follows what the board can hold (IdentityTransaction).
 */
import type { BoardFacts, CommissionPlan } from '../../contract/commissionSchemas';
import { deviceKey } from '../../contract/deviceKey';
import { present } from '../../contract/present';
import { CommissionError } from '../CommissionError';
import { firmwareRecord, type LoadedFirmware } from '../firmware';
import type { IdentityRegistry } from '../RunDeps';
import {
  ProvisionFailure,
  type AfterWrite,
  type FlashRegion,
  type ProvisionImage,
  type ProvisionOutcome,
  type ProvisionSecrets,
  type Provisioner,
  type StepContext,
  type TargetAdapter,
} from '../steps/adapters';
import type { BoardRun } from './BoardRun';
import { IdentityTransaction } from './IdentityTransaction';

export interface WriteBoard {
  board: BoardRun;
  adapter: TargetAdapter;
  facts: BoardFacts;
  plan: CommissionPlan;
  firmware: LoadedFirmware;
  registry: IdentityRegistry;
  /** Where the device dials (the plan's `auto` resolved). */
  dial: { host: string; port: number };
  /** After the last write: `stay` when the run opens the console next (it resets the board). */
  after: AfterWrite;
  now: () => number;
}

/** A step that fails before it touches the board: recorded as failed, then thrown. */
async function fail(b: BoardRun, step: 'flash' | 'provision', e: unknown): Promise<never> {
  await b.step(step, () => Promise.reject(e));
  throw e;
}

async function flash(w: WriteBoard, after: AfterWrite, extra: FlashRegion[] = []): Promise<void> {
  const b = w.board;
  await b.step('flash', async (ctx) => {
    const out = await w.adapter.flasher.write(b.port, w.facts, w.firmware, w.plan, ctx, {
      extra,
      after,
    });
    b.save({
      board: { ...b.record.board, ...out.facts },
      firmware: firmwareRecord(w.firmware, out.verified),
    });
    if (!out.verified)
      throw new CommissionError(
        'FLASH',
        `${out.detail}: the firmware was not verified`,
        undefined,
        true,
      );
    return { value: null, detail: out.detail };
  });
}

/**
 * The exchange with the running firmware some methods add (Improv Serial's Wi-Fi) after the
 * identity is on the board; its read-back joins the record. Returns the step's detail.
 */
async function finishMethod(
  w: WriteBoard,
  provisioner: Provisioner,
  secrets: ProvisionSecrets,
  ctx: StepContext,
  written: ProvisionOutcome,
  detail: string,
): Promise<string> {
  if (!provisioner.afterWrite) return detail;
  const more = await provisioner.afterWrite(w.board.port, secrets, ctx);
  w.board.save({
    provisioning: {
      method: w.plan.provisioning,
      readBack: { ...written.readBack, ...more.readBack },
    },
  });
  return `${detail}; ${more.detail}`;
}

export interface Written {
  /** When the identity was on the board (a join counts from here without a console). */
  at: number;
  /** The last write left the board in its loader (`after: 'stay'`): the console's reset boots it. */
  inLoader: boolean;
}

/** What both ways of writing the identity share: the provisioner, the transaction, the secrets. */
interface IdentityWrite {
  w: WriteBoard;
  provisioner: Provisioner;
  tx: IdentityTransaction;
  secrets(credential: string): ProvisionSecrets;
}

const written = (w: WriteBoard, wrote: boolean, after: AfterWrite): Written => ({
  at: w.now(),
  inLoader: wrote && after === 'stay',
});

/** Flash (if the plan has firmware) and provision; answers when the identity is on the board. */
export async function writeBoard(w: WriteBoard): Promise<Written> {
  const { board: b, plan, firmware } = w;
  const firmwareDue = firmware.images.length > 0;
  const id = present(b.record.identity, "the board's identity (given at Identify)");
  const key = deviceKey(id);
  if (plan.provisioning === 'none') {
    if (firmwareDue) await flash(w, w.after);
    else b.skip('flash', 'no firmware in the plan: the board keeps its own');
    b.skip('provision', 'the plan writes no identity: the firmware carries its own');
    b.save({ registryState: `${key} not registered by this run: the plan writes no identity` });
    return written(w, firmwareDue, w.after);
  }
  const provisioner = w.adapter.provisioners[plan.provisioning];
  if (!provisioner)
    // Before anything is written: the board stays as it was.
    return fail(
      b,
      'provision',
      new CommissionError(
        'UNSUPPORTED',
        `${plan.provisioning} provisioning is not available for ${plan.target.kind === 'esp' ? plan.target.chip : plan.target.board} boards`,
      ),
    );
  const write: IdentityWrite = {
    w,
    provisioner,
    tx: new IdentityTransaction(w.registry, id.user, id.device, (registryState) =>
      b.save({ registryState }),
    ),
    secrets: (credential) => ({
      user: id.user,
      device: id.device,
      credential,
      host: w.dial.host,
      port: w.dial.port,
      wifi: plan.wifi,
    }),
  };
  if (!firmwareDue) b.skip('flash', 'no firmware in the plan: the board keeps its own');
  else if (provisioner.image) return writeInOneSession(write, provisioner.image.bind(provisioner));
  else await flash(w, 'stay');
  return provisionAfterFlash(write);
}

/** Firmware and identity image in one loader session (ESP: the NVS partition). */
async function writeInOneSession(
  { w, provisioner, tx, secrets }: IdentityWrite,
  imageOf: NonNullable<Provisioner['image']>,
): Promise<Written> {
  const { board: b, plan, firmware } = w;
  // The board is written while the new device is registered (its slow hash): boards of a
  // batch queue for the hash pool, and would otherwise wait for it before flashing.
  const { credential, registered } = tx.start(plan.name);
  const registration = registered.then(
    () => null,
    (e: unknown) => e,
  );
  let image: ProvisionImage;
  try {
    image = imageOf(secrets(credential), firmware);
  } catch (e) {
    await registration;
    tx.rollback(false);
    return fail(b, 'provision', e);
  }
  // A method that talks to the running firmware afterwards needs it booted.
  try {
    await flash(w, provisioner.afterWrite ? 'boot' : w.after, [image.region]);
  } catch (e) {
    await registration;
    tx.rollback(!(e instanceof CommissionError) || e.mayHaveWritten);
    throw e;
  }
  const refused = await registration;
  if (refused !== null) {
    tx.rollback(true);
    return fail(b, 'provision', refused);
  }
  await b.step('provision', async (ctx) => {
    await tx.commit(image.readBack !== null);
    b.save({ provisioning: { method: plan.provisioning, readBack: image.readBack } });
    const detail = `${image.detail}; written in the firmware's loader session`;
    return {
      value: null,
      detail: await finishMethod(w, provisioner, secrets(credential), ctx, image, detail),
    };
  });
  return written(w, true, provisioner.afterWrite ? 'boot' : w.after);
}

/** The identity written by the provisioner on its own, after the flash (or without one). */
async function provisionAfterFlash({
  w,
  provisioner,
  tx,
  secrets,
}: IdentityWrite): Promise<Written> {
  const { board: b, plan, firmware } = w;
  await b.step('provision', async (ctx) => {
    const credential = await tx.begin(plan.name);
    try {
      const out = await provisioner.provision(
        b.port,
        w.facts,
        secrets(credential),
        ctx,
        firmware,
        provisioner.afterWrite ? 'boot' : w.after,
      );
      await tx.commit(out.readBack !== null);
      b.save({ provisioning: { method: plan.provisioning, readBack: out.readBack } });
      return {
        value: null,
        detail: await finishMethod(w, provisioner, secrets(credential), ctx, out, out.detail),
      };
    } catch (e) {
      if (!tx.committed) tx.rollback(e instanceof ProvisionFailure ? e.written : false);
      throw e;
    }
  });
  return written(w, true, provisioner.afterWrite ? 'boot' : w.after);
}
