package cn.chengyu.pass;

import cn.chengyu.pass.embedded.DevEnvironment;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;
import java.util.List;

/** Entry point: prepares the zero-setup environment in dev mode and refuses to start a misconfigured prod service. */
@QuarkusMain
public class PassApplication {

    /** Set by the quarkus:dev goal only: start embedded servers and generate dev secrets. */
    public static final String ZERO_SETUP_PROPERTY = "chengyu.zero-setup";

    /**
     * Set by Quarkus when it starts the application only to record which classes it loads (an
     * AppCDS archive, see the image's Dockerfile): it stops after static initialisation, before any
     * setting is read, so there is nothing to check.
     */
    private static final String APPCDS_GENERATION_PROPERTY = "quarkus.appcds.generate";

    public static void main(String... args) {
        // The launch mode is not known yet when main runs, so quarkus:dev says so itself (see pom.xml).
        if (Boolean.getBoolean(ZERO_SETUP_PROPERTY)) {
            DevEnvironment.prepare(Path.of(".data"));
        } else if (!Boolean.getBoolean(APPCDS_GENERATION_PROPERTY)) {
            List<Setting> missing = Setting.missing(Setting.requiredInProduction());
            if (!missing.isEmpty()) {
                System.err.println(Setting.describeMissing(missing));
                System.exit(1);
            }
        }
        Quarkus.run(args);
    }
}
