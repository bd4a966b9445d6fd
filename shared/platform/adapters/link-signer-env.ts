import { type LinkSigner, secretLinkSigner } from '../ports/link-signer';

/** R-SELF-1: the link secret from the environment (`LINK_SECRET`): the local runtime and the tests. */
export function envLinkSigner(env: NodeJS.ProcessEnv = process.env): LinkSigner {
  return secretLinkSigner(async () => {
    const secret = env.LINK_SECRET;
    if (!secret) throw new Error('LINK_SECRET is not set');
    return secret;
  });
}
