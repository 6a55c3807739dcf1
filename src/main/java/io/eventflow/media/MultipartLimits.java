package io.eventflow.media;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Refuses to start when the photo limit is above Spring's multipart limits. Those are checked first, while the
 * request is parsed; when they are the larger ones, an upload just over the photo limit is still read in full and
 * answered by {@link PhotoService} with a 413 problem that names the photo limit. (Bodies over the multipart limit
 * get a 413 problem from the platform's handler; Tomcat then closes the connection once more than
 * {@code server.tomcat.max-swallow-size} of the body is left unread.)
 */
@Component
class MultipartLimits {

    MultipartLimits(MediaProperties media,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize maxFileSize,
            @Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxRequestSize) {
        long photo = media.maxSize().toBytes();
        if (photo > maxFileSize.toBytes() || photo > maxRequestSize.toBytes()) {
            throw new IllegalStateException("eventflow.media.max-size (" + media.maxSize() + ") must not exceed "
                    + "spring.servlet.multipart.max-file-size (" + maxFileSize + ") and max-request-size ("
                    + maxRequestSize + "); raise those with it");
        }
    }
}
