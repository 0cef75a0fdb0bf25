package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.entry.AdmissionPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The plain-Java rules of admission as beans, on the service's clock (singletons: the rules are final classes). */
public class Policies {

    @Produces
    @Singleton
    AdmissionPolicy admission(Clock clock) {
        return new AdmissionPolicy(clock);
    }
}
