// Serves a built site under /server-lab/ on loopback until interrupted, and prints its URL.
import { serve } from '../tests/e2e/support/server.mjs';

const [root = 'dist', port = '8080'] = process.argv.slice(2);
const site = await serve({ root, base: '/server-lab/', port: Number(port) });
console.log(`Server Lab is being served at ${site.url}  (Ctrl+C to stop)`);
