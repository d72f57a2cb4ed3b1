/// The tool's identity, recorded in every manifest and report footer.
public enum S175 {
    public static let name = "s175"
    public static let version = "0.1.0"
}
