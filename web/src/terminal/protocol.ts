// The web app's door to the terminal wire protocol: the one copy lives in shared/ and the server
// decodes with it too (test/terminal/protocol.test.ts runs the two sides against each other).
export * from '../../../shared/terminal-protocol.js';
