package dev.bulk2.core.internal.org;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulk2.core.exception.BulkApiException;
import dev.bulk2.core.exception.BulkDataException;
import dev.bulk2.core.exception.BulkException;
import dev.bulk2.core.exception.NotFoundException;
import dev.bulk2.core.exception.TransportException;
import dev.bulk2.core.internal.ClientContext;
import dev.bulk2.core.internal.http.ApiRequest;
import dev.bulk2.core.internal.http.ApiResponse;
import dev.bulk2.core.internal.http.Transport;
import dev.bulk2.core.internal.json.Json;
import dev.bulk2.core.org.OrgLimits;
import dev.bulk2.core.org.SObjectDescribe;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The org resources of one client: the sObject describe ({@code GET /sobjects/{object}/describe}), cached per
 * object for a time-to-live on the client's clock with one call in flight per object, and the org limits
 * ({@code GET /limits}), never cached. Every call goes through the client's {@link Transport} (auth, retries,
 * limit tracking). Internal, thread-safe.
 */
public final class OrgResources {
    /** The default time a describe stays cached. */
    public static final Duration DEFAULT_DESCRIBE_TTL = Duration.ofMinutes(15);

    private static final Pattern OBJECT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");

    private final Transport transport;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();

    /** One cached or in-flight describe. */
    private static final class Entry {
        final CompletableFuture<SObjectDescribe> future = new CompletableFuture<>();
        volatile Instant loadedAt;
    }

    /**
     * Creates the resources of a client.
     *
     * @param ctx the client context (transport and clock)
     * @param describeTtl how long a describe stays cached; zero caches nothing (concurrent callers still share one
     *     call)
     */
    public OrgResources(ClientContext ctx, Duration describeTtl) {
        this.transport = ctx.transport();
        this.clock = ctx.clock();
        this.ttl = checkTtl(describeTtl);
    }

    /**
     * Checks a describe time-to-live.
     *
     * @param ttl the value
     * @return the value
     * @throws IllegalArgumentException if negative
     */
    public static Duration checkTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "describeCacheTtl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("describeCacheTtl must not be negative: " + ttl
                    + " (use Duration.ZERO to turn the describe cache off)");
        }
        return ttl;
    }

    /** @return the configured time-to-live */
    public Duration describeTtl() {
        return ttl;
    }

    /**
     * The describe of an object: from the cache while fresh, otherwise one GET shared by every caller that asks
     * for the same object (ignoring case) while it is in flight. Failures are not cached.
     *
     * @param object the sObject API name
     * @return the describe
     * @throws IllegalArgumentException if the name cannot be an API name
     * @throws NotFoundException if the org has no such object (or the user cannot see it)
     * @throws BulkDataException if the answer is not a readable describe
     */
    public SObjectDescribe describe(String object) {
        String name = checkObjectName(object);
        String key = name.toLowerCase(Locale.ROOT);
        while (true) {
            Entry e = cache.get(key);
            if (e == null) {
                Entry mine = new Entry();
                if (cache.putIfAbsent(key, mine) == null) {
                    return load(key, name, mine);
                }
            } else if (!e.future.isDone()) {
                return await(e, name);
            } else if (e.future.isCompletedExceptionally()) {
                cache.remove(key, e);
            } else if (clock.instant().isBefore(e.loadedAt.plus(ttl))) {
                return e.future.join();
            } else {
                Entry mine = new Entry();
                if (cache.replace(key, e, mine)) {
                    return load(key, name, mine);
                }
            }
        }
    }

    private SObjectDescribe load(String key, String name, Entry mine) {
        try {
            SObjectDescribe d = fetchDescribe(name);
            mine.loadedAt = clock.instant();
            mine.future.complete(d);
            return d;
        } catch (RuntimeException | Error t) {
            cache.remove(key, mine);
            mine.future.completeExceptionally(t);
            throw t;
        }
    }

    private static SObjectDescribe await(Entry e, String name) {
        try {
            return e.future.get();
        } catch (ExecutionException x) {
            Throwable c = x.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new BulkException("The describe of " + name + " failed: " + c, c);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new BulkException("Interrupted while waiting for the describe of " + name
                    + " that another thread is loading.", x);
        }
    }

    private SObjectDescribe fetchDescribe(String name) {
        ApiRequest req = ApiRequest.builder("GET", "/sobjects/" + name + "/describe").build();
        try (ApiResponse r = transport.send(req)) {
            return read(req, r, OrgJson::readDescribe);
        } catch (NotFoundException e) {
            throw new NotFoundException("No sObject named '" + name + "' in this org: " + e.method() + " "
                    + e.path() + " answered " + e.errorCode().orElse("HTTP " + e.statusCode()) + " (HTTP "
                    + e.statusCode() + "). Check the API name, e.g. Account or My_Object__c; custom objects end in "
                    + "__c. The integration user also needs read access to the object.", e.statusCode(),
                    e.errorCode().orElse(null), e.errors(), e.method(), e.path(), null);
        }
    }

    /**
     * The org limits, always fresh from Salesforce (one GET, retried per the client's policy).
     *
     * @return the limits, stamped with the client clock
     * @throws BulkApiException if Salesforce refuses (the resource needs the View Setup and Configuration
     *     permission)
     * @throws BulkDataException if the answer is not readable limits JSON
     */
    public OrgLimits limits() {
        ApiRequest req = ApiRequest.builder("GET", "/limits").build();
        try (ApiResponse r = transport.send(req)) {
            Instant at = clock.instant();
            return read(req, r, p -> OrgJson.readLimits(p, at));
        } catch (BulkApiException e) {
            if (e.getClass() == BulkApiException.class && e.statusCode() == 403) {
                throw new BulkApiException(e.getMessage() + ". Reading the org limits needs the View Setup and "
                        + "Configuration permission", e.statusCode(), e.errorCode().orElse(null), e.errors(),
                        e.method(), e.path(), null);
            }
            throw e;
        }
    }

    private <T> T read(ApiRequest req, ApiResponse r, Json.Reader<T> reader) {
        String where = req.method() + " /services/data/v" + transport.apiVersion() + req.path();
        try {
            return Json.read(r.body(), reader);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new BulkDataException("Salesforce answered " + where + " with JSON bulk2 cannot read: "
                    + e.getOriginalMessage() + (loc == null ? "" : " (line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() + ")") + ". Try again; if it persists, check for a proxy rewriting "
                    + "responses.", e);
        } catch (IOException e) {
            throw new TransportException(where + ": the response body could not be read (" + e + "). Check "
                    + "network access to the instance and try again.", e, false);
        }
    }

    private static String checkObjectName(String object) {
        Objects.requireNonNull(object, "object");
        String name = object.trim();
        if (!OBJECT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid sObject name '" + object + "': expected an API name such "
                    + "as Account or My_Object__c (letters, digits and underscores, starting with a letter)");
        }
        return name;
    }
}
