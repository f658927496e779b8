import { secretReadStatements, secretResourceArn } from "../../lib/core/secret-access";
import { SecretRef } from "../../lib/core/secret-reference";

const context = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

describe("secret access", () => {
  test.each([
    [SecretRef.ssmParameter("/shop/db/password"), "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db/password"],
    [SecretRef.ssmParameter("plain-name"), "arn:aws:ssm:eu-west-1:123456789012:parameter/plain-name"],
    [SecretRef.ssmParameter("arn:aws:ssm:us-east-1:111122223333:parameter/x"), "arn:aws:ssm:us-east-1:111122223333:parameter/x"],
    [SecretRef.secretsManager("shop/session"), "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/session-??????"],
    [
      SecretRef.secretsManager("arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-AbCdEf"),
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-AbCdEf",
    ],
    [
      SecretRef.secretsManager("arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api"),
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-??????",
    ],
  ])("%j reads %s", (reference, arn) => {
    expect(secretResourceArn(reference, context)).toBe(arn);
  });

  test("host files need no grant; duplicates collapse; decrypt is limited to the stores used", () => {
    const statements = secretReadStatements(
      [SecretRef.hostFile("/run/x"), SecretRef.ssmParameter("/a"), SecretRef.ssmParameter("/a"), SecretRef.secretsManager("b", "key")],
      context,
    );
    expect(statements.map((s) => s.Sid)).toEqual(["ReadServiceParameters", "ReadServiceSecrets", "DecryptThroughSecretStores"]);
    expect(statements[0].Resource).toEqual(["arn:aws:ssm:eu-west-1:123456789012:parameter/a"]);
    expect(statements[2].Condition).toEqual({ StringEquals: { "kms:ViaService": ["ssm.eu-west-1.amazonaws.com", "secretsmanager.eu-west-1.amazonaws.com"] } });
    expect(secretReadStatements([SecretRef.hostFile("/run/x")], context)).toEqual([]);
  });
});
