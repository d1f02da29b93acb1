#!/usr/bin/env bash
# Makes a self-signed key store for the example servers' --tls-keystore, and the certificate in
# PEM for clients (curl --cacert, openssl s_client -CAfile):
#
#   examples/make-keystore.sh [DIR] [PASSWORD]       (default: examples/target/tls, changeit)
#   java -jar examples/target/spindle-examples.jar --tls-keystore examples/target/tls/server.p12 \
#        --tls-password changeit
#   curl --cacert examples/target/tls/cert.pem https://localhost:7878/
#
# The certificate is for localhost and 127.0.0.1, an EC P-256 key (cheap handshakes), valid 30
# days. Only keytool is needed: it comes with every JDK.
set -euo pipefail
DIR=${1:-$(cd "$(dirname "$0")" && pwd)/target/tls}
PASSWORD=${2:-changeit}
KEYTOOL=${KEYTOOL:-keytool}
mkdir -p "$DIR"
rm -f "$DIR/server.p12" "$DIR/cert.pem"
"$KEYTOOL" -genkeypair -alias spindle -keyalg EC -groupname secp256r1 -validity 30 \
  -dname CN=localhost -ext SAN=dns:localhost,ip:127.0.0.1 \
  -storetype PKCS12 -keystore "$DIR/server.p12" -storepass "$PASSWORD" -keypass "$PASSWORD"
"$KEYTOOL" -exportcert -rfc -alias spindle -keystore "$DIR/server.p12" -storepass "$PASSWORD" \
  -file "$DIR/cert.pem"
echo "made $DIR/server.p12 (password $PASSWORD) and $DIR/cert.pem"
