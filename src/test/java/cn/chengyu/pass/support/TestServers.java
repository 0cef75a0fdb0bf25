package cn.chengyu.pass.support;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Registers the embedded servers for every test in the suite, @QuarkusTest and @QuarkusIntegrationTest alike. */
@WithTestResource(value = EmbeddedServersResource.class, scope = TestResourceScope.GLOBAL)
public final class TestServers {

    private TestServers() {
    }
}
