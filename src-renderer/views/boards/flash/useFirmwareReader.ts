/**
 * Reading the chosen firmware (UI.md §3.8): files are read here and checked by main at once
 * (`flash.inspectFirmware`), so errors name the line (or the image) before any board is touched;
 * a valid one becomes the wizard's firmware and joins the Recent list.
 */
import { useState } from 'react';
import { MAX_FIRMWARE_TEXT_CHARS } from '@contract/flashSchemas';
import { api } from '../../../api/connection';
import { asSentence } from '../../../format/sentence';
import { messages } from '../../../messages';
import {
  espFilesText,
  firmwarePayload,
  useFlashWizard,
  useRecentFirmware,
  type EspFileChoice,
} from '../../../state/flashing';
import { base64Of, espSetName, extension, filesProblem } from './firmwareFiles';

type Reading =
  { kind: 'idle' } | { kind: 'reading'; name: string } | { kind: 'failed'; error: unknown };

export interface FirmwareReader {
  reading: Reading;
  /** Checks firmware text (a hex file, or an ESP file set) under a name. */
  inspect(name: string, text: string): Promise<void>;
  readFiles(files: File[]): Promise<void>;
  /** A layout offset changed: the files are checked again with it. */
  setOffset(file: string, offset: number): Promise<void>;
}

export function useFirmwareReader(): FirmwareReader {
  const [reading, setReading] = useState<Reading>({ kind: 'idle' });
  const t = messages.flash.firmware;

  const inspect = async (name: string, text: string): Promise<void> => {
    setReading({ kind: 'reading', name });
    try {
      const info = await api().flash.inspectFirmware({ ...firmwarePayload(text), name });
      useFlashWizard.getState().chooseFirmware({ name, info }, text);
      useRecentFirmware
        .getState()
        .add({ name, sizeBytes: info.sizeBytes, sha256: info.sha256, usedAt: Date.now() }, text);
      setReading({ kind: 'idle' });
    } catch (error) {
      useFlashWizard.getState().set({ firmware: null, text: null });
      setReading({ kind: 'failed', error: asSentence(error) });
    }
  };

  const refuse = (message: string): void => {
    useFlashWizard.getState().set({ firmware: null, text: null });
    setReading({ kind: 'failed', error: new Error(message) });
  };

  const readEspFiles = async (files: File[]): Promise<void> => {
    let chosen: EspFileChoice[];
    try {
      chosen = await Promise.all(
        files.map(async (f) => ({ name: f.name, data: await base64Of(f) })),
      );
    } catch {
      return refuse(t.unreadable(files.map((f) => f.name).join(', ')));
    }
    await inspect(espSetName(chosen), espFilesText(chosen));
  };

  const readFile = async (file: File): Promise<void> => {
    if (file.size > MAX_FIRMWARE_TEXT_CHARS) return refuse(t.tooLarge(file.name));
    let text: string;
    try {
      text = await file.text();
    } catch {
      setReading({ kind: 'failed', error: new Error(t.unreadable(file.name)) });
      return;
    }
    await inspect(file.name, text);
  };

  const readFiles = async (files: File[]): Promise<void> => {
    const first = files[0];
    if (!first) return;
    const problem = filesProblem(files);
    if (problem) return refuse(problem);
    if (extension(first.name) === 'bin') return readEspFiles(files);
    return readFile(first);
  };

  const setOffset = async (file: string, offset: number): Promise<void> => {
    const { firmware, text } = useFlashWizard.getState();
    if (!firmware || !text) return;
    const payload = firmwarePayload(text);
    if (!payload.files) return;
    const files = payload.files.map((f) => (f.name === file ? { ...f, offset } : f));
    await inspect(firmware.name, espFilesText(files));
  };

  return { reading, inspect, readFiles, setOffset };
}
