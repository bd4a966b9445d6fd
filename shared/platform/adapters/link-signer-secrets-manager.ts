import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type LinkSigner, secretLinkSigner } from '../ports/link-signer';

/**
 * R-SELF-1: the link secret from AWS Secrets Manager, read once per cold start (the signer keeps
 * it for the life of the process) by the functions that send SMS; `LINK_SECRET_ARN` names it. Only
 * those functions are granted read (infra/constructs/duties.ts).
 */
export function secretsManagerLinkSigner(
  options: { secretId?: string | undefined; client?: SecretsManagerClient } = {},
): LinkSigner {
  return secretLinkSigner(async () => {
    const secretId = options.secretId ?? process.env.LINK_SECRET_ARN;
    if (!secretId) throw new Error('LINK_SECRET_ARN is not set');
    const client =
      options.client ?? new SecretsManagerClient({ region: process.env.AWS_REGION ?? 'us-east-1' });
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!answer.SecretString) throw new Error('The link secret has no string value');
    return answer.SecretString;
  });
}
