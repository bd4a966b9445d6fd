import { inject } from 'vitest';

// Handlers build their store from the environment, as in Lambda; point it at the suite's DynamoDB Local.
process.env.TABLE_NAME = inject('tableName');
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.AWS_REGION = 'us-east-1';
// R-SELF-1: a fixed link secret, so a test can mint the token a letter carried (linkSigner()).
process.env.LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789abcdef';
