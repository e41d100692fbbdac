/** A consumer of the published bulk2 artifacts, compiled and run on the module path. */
module dev.bulk2.consumercheck {
    requires dev.bulk2.core;
    requires dev.bulk2.auth;
    requires dev.bulk2.testkit;
}
