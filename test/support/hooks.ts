/**
 * Mocha's root hooks (`require` in .mocharc.cjs): run around every test file, in whichever worker
 * process runs it.
 */
import { removeTempDirs } from "./temp";

export const mochaHooks = {
    afterAll(): void {
        removeTempDirs();
    },
};
