// HTTPS: with --tls-cert and --tls-key the server speaks TLS only.
#include <fstream>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

// A self-signed certificate for 127.0.0.1, valid one day.
bool make_certificate(const TempDir& dir) {
  auto r =
      run_command({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                   (dir / "k.pem").string(), "-out", (dir / "c.pem").string(), "-days", "1", "-subj", "/CN=127.0.0.1"},
                  dir.path(), std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0;
}

TEST(apiTls, ServesHttpsOnly) {
  TempDir certs;
  ASSERT_TRUE(make_certificate(certs));
  World w(ServerOptions{{}, (certs / "c.pem").string(), (certs / "k.pem").string()});
  ASSERT_EQ(w.start(), "");  // start() itself waits for GET /health over TLS

  auto tls = w.client();
  auto health = tls.get("/health");
  ASSERT_TRUE(health.connected) << health.describe();
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body["status"], "ok");
  // The whole API works over TLS.
  std::string t = tls.login("fra.officer");
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(tls.post("/documents", document_body(fresh_number(), "FRA"), t).status, 201);

  // Plain HTTP to the TLS port gets no HTTP answer.
  ApiClient plain(w.server().port(), false);
  auto r = plain.get("/health");
  EXPECT_FALSE(r.connected && r.status == 200) << "plain HTTP was served on the TLS port: " << r.describe();
  // And the server survives it.
  EXPECT_EQ(tls.get("/health").status, 200);
  EXPECT_EQ(w.server().stop(), 0);
}

// Whether `openssl s_client` restricted by `args` completes a handshake.
bool handshakes(int port, const std::vector<std::string>& args, const TempDir& dir) {
  std::vector<std::string> argv{"/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(port)};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_command(argv, dir.path(), std::chrono::seconds(30));
  return r.exit_code == 0 && r.out.find("BEGIN CERTIFICATE") != std::string::npos;
}

TEST(apiTls, OffersOnlyForwardSecretAeadSuites) {
  TempDir certs;
  ASSERT_TRUE(make_certificate(certs));
  World w(ServerOptions{{}, (certs / "c.pem").string(), (certs / "k.pem").string()});
  ASSERT_EQ(w.start(), "");
  int port = w.server().port();
  // Static-RSA CBC suites (no forward secrecy) and TLS 1.1 are refused; the
  // client side is opened up (security level 0) so the refusal is the server's.
  EXPECT_FALSE(handshakes(port, {"-tls1_2", "-cipher", "AES128-SHA@SECLEVEL=0"}, certs));
  EXPECT_FALSE(handshakes(port, {"-tls1_2", "-cipher", "AES256-SHA@SECLEVEL=0"}, certs));
  EXPECT_FALSE(handshakes(port, {"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"}, certs));
  // ECDHE with AES-GCM over TLS 1.2, and TLS 1.3, are served.
  EXPECT_TRUE(handshakes(port, {"-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"}, certs));
  EXPECT_TRUE(handshakes(port, {"-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"}, certs));
  EXPECT_TRUE(handshakes(port, {"-tls1_3"}, certs));
  EXPECT_EQ(w.client().get("/health").status, 200);
}

TEST(apiTls, CertificateWithoutKeyIsBadUsage) {
  TempDir certs;
  ASSERT_TRUE(make_certificate(certs));
  World w(ServerOptions{{"--tls-cert", (certs / "c.pem").string()}, "", ""});
  std::string error = w.start();
  EXPECT_NE(error.find("status 2"), std::string::npos) << error;
}

TEST(apiTls, UnreadableKeyIsRefused) {
  TempDir certs;
  ASSERT_TRUE(make_certificate(certs));
  std::ofstream(certs / "bad.pem") << "not a key\n";
  World w(ServerOptions{{}, (certs / "c.pem").string(), (certs / "bad.pem").string()});
  std::string error = w.start();
  EXPECT_NE(error.find("status 2"), std::string::npos) << error;
}

}  // namespace
}  // namespace ariadne::apitest
