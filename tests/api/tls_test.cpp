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
