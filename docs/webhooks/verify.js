// Verify a Raqib webhook in Node.js (raw body as a Buffer or string). Throws if forged or old.
const crypto = require("crypto");

function verify(secret, headers, rawBody) {
  const id = headers["webhook-id"];
  const ts = headers["webhook-timestamp"];
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) throw new Error("outside the replay window");
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = Buffer.from(
    crypto.createHmac("sha256", key).update(`${id}.${ts}.`).update(rawBody).digest("base64"));
  const ok = headers["webhook-signature"].split(" ").some((s) => {
    const given = Buffer.from(s.startsWith("v1,") ? s.slice(3) : "");
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!ok) throw new Error("bad signature");
  return JSON.parse(rawBody.toString());
}

module.exports = { verify };
