// Intentionally empty: imported first by time-import.mjs to pay the ES module loader's set-up.
