package com.pharmacyops.platform.streaming;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/**
 * Streams items as NDJSON written a batch of lines per HTTP chunk. The framework writes one chunk per stream
 * element and asks for the next only when it is written, so a chunk per row made a million-row stream a
 * million writes; a batch per chunk makes it a few thousand. Serialized with the application's ObjectMapper, so
 * lines are exactly what the JSON endpoints return. The framework ends each element with a newline, so a chunk
 * holds its lines joined by newlines, without a last one. One generator writes a whole chunk (a generator and
 * a byte array per line were the largest allocation in the stream's profile).
 */
@ApplicationScoped
public class Ndjson {

    /** The media type of every NDJSON stream, declared once. */
    public static final String MEDIA_TYPE = "application/x-ndjson";

    /** Rows per chunk: the database cursor fetches 2 000 at a time, so a batch never waits long. */
    static final int BATCH = 250;

    private static final SerializedString NEWLINE = new SerializedString("\n");

    private final ObjectWriter writer;

    public Ndjson(ObjectMapper json) {
        this.writer = json.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    public <T> Multi<Buffer> lines(Multi<T> items) {
        return items.group().intoLists().of(BATCH).map(this::chunk);
    }

    private Buffer chunk(List<?> items) {
        ByteBuf chunk = Unpooled.buffer(items.size() * 192);
        try (JsonGenerator g = writer.createGenerator((OutputStream) new ByteBufOutputStream(chunk))) {
            g.setRootValueSeparator(NEWLINE); // between lines; none after the last
            for (Object item : items) {
                writer.writeValue(g, item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(chunk);
    }
}
