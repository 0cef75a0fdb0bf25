package cn.chengyu.pass;

import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.reservation.BookingPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The plain-Java rules of each feature as beans, on the service's clock (singletons: the rules are final classes). */
public class Policies {

    @Produces
    @Singleton
    AdmissionPolicy admission(Clock clock) {
        return new AdmissionPolicy(clock);
    }

    @Produces
    @Singleton
    BookingPolicy booking(Clock clock) {
        return new BookingPolicy(clock);
    }
}
