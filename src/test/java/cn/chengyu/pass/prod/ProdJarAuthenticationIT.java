package cn.chengyu.pass.prod;

import cn.chengyu.pass.security.AuthenticationTest;
import cn.chengyu.pass.support.ProdSettingsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The token checks again, against the packaged prod jar with settings given as the standard keys. */
@QuarkusIntegrationTest
@WithTestResource(ProdSettingsResource.class)
class ProdJarAuthenticationIT extends AuthenticationTest {
}
