package dev.tldb.remote;

import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;

/**
 * Parses the XML documents a stub sends (target descriptions, library lists). They name gdb's
 * DTDs ({@code <!DOCTYPE target SYSTEM "gdb-target.dtd">}), which must never be fetched: the
 * parser resolves no external entity and loads no DTD. XIncludes are expanded by the caller,
 * from the stub, not from the network.
 */
final class RemoteXml {
    private RemoteXml() {}

    static Document parse(String xml, String what) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new RemoteException("the stub's " + what + " is not XML we can read: " + e.getMessage());
        }
    }

    /** {@code 0x1a2b} or {@code 1a2b} as an unsigned number. */
    static long hex(String text, String what) {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw new RemoteException("the stub's " + what + " has a bad number: " + text);
        }
    }
}
